import { connectionTypes } from "../common/connection";
import { Collaboration } from "./collaboration.type";

export const CollaborationConnection = connectionTypes(Collaboration, "Collaboration", { totalCount: true });
