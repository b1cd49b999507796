/**
 * Which operation of a document GraphiQL means to run. GraphiQL 5 derives the
 * operation name (and the parsed document its fetcher uses to tell a
 * subscription from a query) from the editor 100 ms after a change, but a tab
 * switch puts the new document in the editor at once: Run pressed in between
 * sends the new document with the previous tab's name ("Unknown operation
 * named ...") and routes it by the previous tab's document. The page's fetcher
 * therefore re-derives both from the text it actually sends.
 *
 * Plain functions over graphql-js, bundled into the page and unit-tested in Node.
 */
import { Kind, parse, type DocumentNode } from "graphql";

export interface CurrentOperation {
  /** The operation to run: the given name when the document has it, else the document's first operation (none when anonymous). */
  operationName?: string;
  /** The document parsed from the text sent; absent when it does not parse (the server then reports the syntax error). */
  documentAST?: DocumentNode;
}

export function currentOperation(query: string, operationName?: string | null): CurrentOperation {
  let documentAST: DocumentNode;
  try {
    documentAST = parse(query);
  } catch {
    return operationName ? { operationName } : {};
  }
  const names = documentAST.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value] : []));
  const chosen = operationName && names.includes(operationName) ? operationName : names[0];
  return chosen ? { operationName: chosen, documentAST } : { documentAST };
}
