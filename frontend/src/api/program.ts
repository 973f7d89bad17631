// The platform API with types generated from its OpenAPI document (schema.d.ts): every path, body and answer is
// checked by the compiler, so an API change shows up as a build error. Errors become ApiError / NetworkError.
import createClient, { type Client } from "openapi-fetch";
import { ApiError, apiErrorFrom, NetworkError } from "./client";
import type { paths } from "./schema";

// JSON answers: an endpoint that can also answer with a file (a chart's CSV) is read with parseAs: "blob"
export type ProgramClient = Client<paths, "application/json">;

interface Session {
  /** The current ID token, read on every request so a renewed token is used at once. */
  token: () => string | null;
  /** Any 401: the session is over. */
  onUnauthorized: () => void;
}

export function createProgramClient(base: string, session: Session): ProgramClient {
  const client = createClient<paths, "application/json">({ baseUrl: base, credentials: "same-origin" });
  client.use({
    onRequest({ request }) {
      const token = session.token();
      if (token) request.headers.set("Authorization", `Bearer ${token}`);
      request.headers.set("Accept", "application/json");
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401) session.onUnauthorized();
      return response;
    },
  });
  return client;
}

interface Answer<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

async function settle<D>(pending: Promise<Answer<D>>): Promise<Answer<D>> {
  let answer: Answer<D>;
  try {
    answer = await pending;
  } catch (cause) {
    throw cause instanceof ApiError ? cause : new NetworkError(String(cause));
  }
  if (!answer.response.ok) {
    throw apiErrorFrom(answer.response.status, answer.response.statusText, answer.error);
  }
  return answer;
}

/** The answer's body, or the refusal as an ApiError (network failures as NetworkError). */
export async function unwrap<D>(pending: Promise<Answer<D>>): Promise<NonNullable<D>> {
  const { data, response } = await settle(pending);
  if (data === undefined || data === null) {
    throw new ApiError(response.status, "bad_response", "서버 응답이 비어 있습니다.", "The answer was empty.", undefined);
  }
  return data as NonNullable<D>;
}

/** For answers without a body (204). */
export async function done(pending: Promise<Answer<unknown>>): Promise<void> {
  await settle(pending);
}
