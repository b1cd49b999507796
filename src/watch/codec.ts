/** How watch states travel through Redis and sort by time: JSON, with timestamps (createTime, updateTime, …) back as Dates. */

export const encodeJson = (s: unknown): string => JSON.stringify(s);

export const decodeDates = <S>(text: string): S =>
  JSON.parse(text, (k, v) => (typeof v === "string" && /Time$/.test(k) && !Number.isNaN(Date.parse(v)) ? new Date(v) : v)) as S;

/** Milliseconds of a timestamp that may have arrived as a string; 0 when absent. */
export const timeOf = (d: Date | undefined): number => (d ? new Date(d).getTime() : 0);
