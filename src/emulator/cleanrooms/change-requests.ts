// Placeholder: being written.
import { internal } from "../errors";
import type { Handler } from "./context";
export const createChangeRequest: Handler = () => { throw internal(); };
export const listChangeRequests: Handler = () => { throw internal(); };
export const getChangeRequest: Handler = () => { throw internal(); };
export const updateChangeRequest: Handler = () => { throw internal(); };
