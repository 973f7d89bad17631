// The client's API types, generated from the platform's OpenAPI document (built by the Python app itself).
//
//   node scripts/api-types.mjs            regenerate src/api/schema.d.ts
//   node scripts/api-types.mjs --check    exit 1 when the checked-in file differs from what the API says now
//
// The document comes from `--document FILE`, else from the Python app through `--python PATH` (default
// ../.venv/bin/python), so a changed API fails `make test` instead of failing people in the browser.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import openapiTS, { astToString } from "openapi-typescript";

const here = dirname(fileURLToPath(import.meta.url));
const target = resolve(here, "../src/api/schema.d.ts");
const DOCUMENT = "from mdap.api.app import app; from mdap.api.openapi import document_json; print(document_json(app))";
const BANNER =
  "// Generated from the platform's /api/openapi.json by `npm run api:types` (scripts/api-types.mjs).\n" +
  "// Do not edit: change the API's pydantic models, then regenerate; `make test` fails while they differ.\n\n";

const { values } = parseArgs({
  options: {
    check: { type: "boolean", default: false },
    document: { type: "string" },
    python: { type: "string", default: resolve(here, "../../.venv/bin/python") },
  },
});

function documentText() {
  if (values.document) return readFileSync(values.document, "utf8");
  return execFileSync(values.python, ["-c", DOCUMENT], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

const ast = await openapiTS(JSON.parse(documentText()), { alphabetize: true, defaultNonNullable: false });
const generated = BANNER + astToString(ast);

if (!values.check) {
  writeFileSync(target, generated);
  console.log(`wrote ${target}`);
} else {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    // missing: reported below like any difference
  }
  if (current !== generated) {
    console.error(
      "src/api/schema.d.ts is out of date with the API's OpenAPI document: run `cd frontend && npm run api:types`" +
        " and review the type errors it brings.",
    );
    process.exit(1);
  }
  console.log("src/api/schema.d.ts matches the API");
}
