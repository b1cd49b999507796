/**
 * nextToken / maxResults paging as Clean Rooms does it: the token is opaque
 * to the caller, valid only for the list it came from, and maxResults is
 * 1–100 (checked by the model; the default page is 100).
 */
import { validation } from "../errors";

const DEFAULT_PAGE = 100;

interface Token {
  /** Which list (operation plus filters) the token belongs to. */
  l: string;
  /** Offset of the next item. */
  o: number;
}

export function paginate<T>(
  items: readonly T[],
  input: { nextToken?: string; maxResults?: number },
  listKey: string,
): { page: T[]; nextToken?: string } {
  let offset = 0;
  if (input.nextToken !== undefined) {
    let token: Token | undefined;
    try {
      token = JSON.parse(Buffer.from(input.nextToken, "base64url").toString("utf8")) as Token;
    } catch {
      token = undefined;
    }
    if (!token || token.l !== listKey || !Number.isInteger(token.o) || token.o < 0) {
      throw validation("The nextToken is invalid or belongs to another list.", [
        { name: "nextToken", message: "invalid pagination token" },
      ]);
    }
    offset = token.o;
  }
  const size = input.maxResults ?? DEFAULT_PAGE;
  const page = items.slice(offset, offset + size);
  const next = offset + size;
  return {
    page,
    nextToken: next < items.length ? Buffer.from(JSON.stringify({ l: listKey, o: next } satisfies Token)).toString("base64url") : undefined,
  };
}
