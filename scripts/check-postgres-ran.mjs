// CI guard: the PostgreSQL pass must really have run. Vitest's JSON report lists a test file
// once per project that ran it, so database test files must each appear twice, all passed.
import fs from 'node:fs';

const report = JSON.parse(fs.readFileSync('.test-results/results.json', 'utf8'));
const runs = new Map();
for (const file of report.testResults) {
  const entry = runs.get(file.name) ?? { count: 0, tests: 0, passed: true };
  entry.count += 1;
  entry.tests += file.assertionResults.length;
  entry.passed &&= file.status === 'passed';
  runs.set(file.name, entry);
}
const dbFiles = [...runs].filter(([name]) => /\/test\/(http|scenarios|db)\//.test(name));
const twice = dbFiles.filter(([, e]) => e.count === 2);
if (dbFiles.length === 0 || twice.length !== dbFiles.length) {
  console.error(`PostgreSQL pass missing: ${twice.length} of ${dbFiles.length} database test files ran on both databases.`);
  process.exit(1);
}
if (!report.success) {
  console.error('The test run did not succeed.');
  process.exit(1);
}
console.log(`PostgreSQL pass ran: ${dbFiles.length} database test files on both SQLite and PostgreSQL.`);
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed`);
