// Placeholder: being written.
import { internal } from "../errors";
import type { Handler } from "./context";
export const startProtectedJob: Handler = () => { throw internal(); };
export const listProtectedJobs: Handler = () => { throw internal(); };
export const getProtectedJob: Handler = () => { throw internal(); };
export const updateProtectedJob: Handler = () => { throw internal(); };
