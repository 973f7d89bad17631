import { useAuth } from "../auth/AuthProvider";
import type { ProgramClient } from "./program";

/** The typed program API of the signed-in session. */
export function useProgram(): ProgramClient {
  return useAuth().program;
}
