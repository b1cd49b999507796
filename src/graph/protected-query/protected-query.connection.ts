import { connectionTypes } from "../common/connection";
import { ProtectedQuery } from "./protected-query.type";

export const ProtectedQueryConnection = connectionTypes(ProtectedQuery, "ProtectedQuery");
