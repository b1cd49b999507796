import { connectionTypes } from "../common/connection";
import { ChangeRequest } from "./change-request.type";

export const ChangeRequestConnection = connectionTypes(ChangeRequest, "ChangeRequest");
