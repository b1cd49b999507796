import { connectionTypes } from "../common/connection";
import { PROTECTED_JOB } from "./protected-job.kind";

export const ProtectedJobConnection = connectionTypes(PROTECTED_JOB.types.Run, PROTECTED_JOB.name);
