import { Field, ObjectType } from "type-graphql";

@ObjectType({ description: "Where a page sits in its list (Relay's PageInfo)." })
export class PageInfo {
  @Field(() => Boolean, { description: "Whether items follow this page: pass `endCursor` as `after` to get them." }) hasNextPage!: boolean;
  @Field(() => Boolean, {
    description: "Whether items precede this page: true when it was asked for `after` a cursor, false on the first page.",
  })
  hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true, description: "The cursor of the page's first edge; null when the page is empty." }) startCursor?: string | null;
  @Field(() => String, { nullable: true, description: "The cursor of the page's last edge, to pass as `after` for the next page; null when the page is empty and nothing follows." }) endCursor?: string | null;
}
