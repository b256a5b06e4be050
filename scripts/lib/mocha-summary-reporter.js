// Mocha's spec reporter that also writes the run's counts as JSON, so the test harness sums the layers from
// numbers instead of parsing text. Output file: reporter option `output`, else env MOCHA_SUMMARY_FILE.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner, options = {}) {
    super(runner, options);
    const reporterOptions = options.reporterOption || options.reporterOptions || {};
    const output = reporterOptions.output || process.env.MOCHA_SUMMARY_FILE;
    const failures = [];
    runner.on('fail', (test, err) => {
      failures.push({ title: test.fullTitle(), message: String((err && err.message) || err).slice(0, 2000) });
    });
    runner.once('end', () => {
      if (!output) return;
      const s = this.stats;
      const summary = {
        passes: s.passes,
        failures: s.failures,
        pending: s.pending,
        tests: s.tests,
        durationMs: s.duration,
        failedTests: failures,
      };
      fs.mkdirSync(path.dirname(output), { recursive: true });
      fs.writeFileSync(output, JSON.stringify(summary, null, 2));
    });
  }
}

module.exports = SpecWithSummary;
