/**
 * End-to-end tests in real n8n (npm run test:e2e): every n8n version of the matrix, one after the other
 * (one n8n at a time fits a 2-core machine). The global setup installs n8n into the cache on first use.
 */
module.exports = {
	rootDir: '..',
	roots: ['<rootDir>/e2e'],
	testMatch: ['**/*.e2e.test.js'],
	testEnvironment: 'node',
	globalSetup: '<rootDir>/e2e/global-setup.js',
	testTimeout: 300_000,
	maxWorkers: 1,
	reporters: ['default', ['<rootDir>/test/summary-reporter.js', { label: 'e2e' }]],
};
