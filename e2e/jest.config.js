/** End-to-end tests in real n8n (installed into a cache on first use). Run by `npm run test:e2e`. */
module.exports = {
	rootDir: '..',
	roots: ['<rootDir>/e2e'],
	testMatch: ['**/*.e2e.test.js'],
	testEnvironment: 'node',
	testTimeout: 600_000,
	maxWorkers: 1,
	reporters: ['default', ['<rootDir>/test/summary-reporter.js', { label: 'e2e' }]],
};
