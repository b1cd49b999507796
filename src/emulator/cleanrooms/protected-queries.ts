// Placeholder: being written.
import { internal } from "../errors";
import type { Handler } from "./context";
export const startProtectedQuery: Handler = () => { throw internal(); };
export const listProtectedQueries: Handler = () => { throw internal(); };
export const getProtectedQuery: Handler = () => { throw internal(); };
export const updateProtectedQuery: Handler = () => { throw internal(); };
