/**
 * nextToken / maxResults paging as Clean Rooms does it: the token is opaque
 * to the caller, valid only for the list it came from, and maxResults is
 * 1–100 (checked by the model; the default page is 100).
 *
 * A token names the position of the last item it returned (the item's sort
 * key and id), not an offset, so a list that grows or shrinks between two
 * pages neither repeats nor skips an item that was there at the first page:
 * the next page starts after that position in the list as it is now. The
 * token is signed with the emulator's own secret (HMAC-SHA256), so a forged
 * or altered token is refused with a ValidationException on nextToken.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { validation } from "../errors";

const DEFAULT_PAGE = 100;

/** Where an item sits in its list: a sort key (a time, or an index for append-only lists), then its id. */
export interface Position {
  key: number;
  id: string;
}

/** newest-first sorts by descending key; either way ties go by ascending id. */
export type Order = "ascending" | "descending";

interface Token {
  /** Which list (operation plus filters) the token belongs to. */
  l: string;
  /** The position of the last item returned. */
  k: number;
  i: string;
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function comparePositions(a: Position, b: Position, order: Order): number {
  const byKey = order === "ascending" ? a.key - b.key : b.key - a.key;
  return byKey || compareIds(a.id, b.id);
}

export class PageTokens {
  constructor(private readonly secret: Buffer) {}

  /**
   * One page of `items` in the list's order, after the position the token
   * names. `listKey` names the list (operation and filters) a token is
   * valid for.
   */
  page<T>(
    items: readonly T[],
    input: { nextToken?: string; maxResults?: number },
    listKey: string,
    positionOf: (item: T) => Position,
    order: Order,
  ): { page: T[]; nextToken?: string } {
    const sorted = items
      .map((item) => ({ item, at: positionOf(item) }))
      .sort((a, b) => comparePositions(a.at, b.at, order));
    const after = input.nextToken === undefined ? undefined : this.read(input.nextToken, listKey);
    const rest = after ? sorted.filter((x) => comparePositions(x.at, after, order) > 0) : sorted;
    const size = input.maxResults ?? DEFAULT_PAGE;
    const page = rest.slice(0, size);
    const last = page[page.length - 1];
    return {
      page: page.map((x) => x.item),
      nextToken: rest.length > size ? this.write({ l: listKey, k: last.at.key, i: last.at.id }) : undefined,
    };
  }

  private sign(payload: string): Buffer {
    return createHmac("sha256", this.secret).update(payload, "utf8").digest();
  }

  private write(token: Token): string {
    const payload = Buffer.from(JSON.stringify(token)).toString("base64url");
    return `${payload}.${this.sign(payload).toString("base64url")}`;
  }

  /** The position a token names; a ValidationException for anything this emulator did not issue for this list. */
  private read(nextToken: string, listKey: string): Position {
    const refuse = () =>
      validation("The nextToken is invalid or belongs to another list.", [{ name: "nextToken", message: "invalid pagination token" }]);
    const [payload, mac, extra] = nextToken.split(".");
    if (extra !== undefined || !payload || !mac) throw refuse();
    const expected = this.sign(payload);
    const given = Buffer.from(mac, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refuse();
    let token: Token;
    try {
      token = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Token;
    } catch {
      throw refuse();
    }
    // Signed by us, so well formed; the list check stops a token being replayed against another list.
    if (token.l !== listKey || typeof token.k !== "number" || typeof token.i !== "string") throw refuse();
    return { key: token.k, id: token.i };
  }
}
