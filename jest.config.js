/** Unit, sandbox and node tests (real HTTP against the sandbox). The real-n8n suites live in e2e/. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	testTimeout: 60000,
	maxWorkers: 2,
	reporters: ['default', ['<rootDir>/test/summary-reporter.js', { label: 'unit' }]],
};
