import { connectionTypes } from "../common/connection";
import { PROTECTED_QUERY } from "./protected-query.kind";

export const ProtectedQueryConnection = connectionTypes(PROTECTED_QUERY.types.Run, PROTECTED_QUERY.name);
