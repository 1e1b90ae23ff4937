// Ends a jest run with one plain line, "<suite>: N passed, N failed, N skipped", that CI reads.
class SummaryReporter {
	constructor(globalConfig, options = {}) {
		this.label = options.label || 'tests';
	}

	onRunComplete(_contexts, results) {
		const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
		const skipped = results.numPendingTests + results.numTodoTests;
		process.stdout.write(`\n${this.label}: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`);
	}
}

module.exports = SummaryReporter;
