/**
 * The limits as GraphQL validation rules. They run before GraphQL's own
 * rules (see limits.plugin.ts), on documents that may be invalid, so each
 * looks only at the syntax tree and the schema, and reports without detail.
 */
import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext, type ValidationRule } from "graphql";
import { LIMIT_MESSAGES, type Limits } from "./limits";
import { inputDepthRule } from "./input-limits";
import { ShapeMeter } from "./operation-shape";

const refuse = (context: ValidationContext, message: string) => context.reportError(new GraphQLError(message));

export const depthAndCostRule =
  (maxDepth: number, maxCost: number): ValidationRule =>
  (context): ASTVisitor => ({
    Document(document) {
      const { depth, cost } = ShapeMeter.measure(context.getSchema(), document);
      if (depth > maxDepth) refuse(context, LIMIT_MESSAGES.depth);
      else if (cost > maxCost) refuse(context, LIMIT_MESSAGES.cost);
    },
  });

export const aliasRule =
  (maxAliases: number): ValidationRule =>
  (context): ASTVisitor => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias && node.alias.value !== node.name.value) aliases++;
      },
      Document: {
        leave() {
          if (aliases > maxAliases) refuse(context, LIMIT_MESSAGES.aliases);
        },
      },
    };
  };

/** Response names (and fragment spreads) of one selection set, inline fragments merged in as GraphQL merges them. */
function countNames(set: SelectionSetNode, counts: Map<string, number>): void {
  for (const sel of set.selections) {
    if (sel.kind === Kind.INLINE_FRAGMENT) countNames(sel.selectionSet, counts);
    else {
      const name = sel.kind === Kind.FIELD ? (sel.alias ?? sel.name).value : `...${sel.name.value}`;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
}

export const repeatedFieldRule =
  (maxRepeats: number): ValidationRule =>
  (context): ASTVisitor => {
    let reported = false;
    return {
      SelectionSet(node) {
        if (reported) return;
        const counts = new Map<string, number>();
        countNames(node, counts);
        for (const n of counts.values()) {
          if (n > maxRepeats) {
            reported = true;
            refuse(context, LIMIT_MESSAGES.repeatedField);
            return;
          }
        }
      },
    };
  };

export const noIntrospectionRule: ValidationRule = (context): ASTVisitor => {
  let reported = false;
  return {
    Field(node) {
      if (!reported && (node.name.value === "__schema" || node.name.value === "__type")) {
        reported = true;
        refuse(context, LIMIT_MESSAGES.introspection);
      }
    },
  };
};

export function limitRules(limits: Limits, options: { introspection: boolean }): ValidationRule[] {
  return [
    ...(options.introspection ? [] : [noIntrospectionRule]),
    aliasRule(limits.maxAliases),
    repeatedFieldRule(limits.maxRepeatedField),
    depthAndCostRule(limits.maxDepth, limits.maxCost),
    inputDepthRule(limits.maxInputDepth),
  ];
}
