import { connectionTypes } from "../common/connection";
import { ProtectedJob } from "./protected-job.type";

export const ProtectedJobConnection = connectionTypes(ProtectedJob, "ProtectedJob");
