// The Node-only JavaScript that never ships (sandbox, e2e, benchmarks, build and CI scripts) is outside n8n's
// lint; this catches what would otherwise surface only minutes into a test run: undefined names, unused ones.
import globals from 'globals';

export default [
	{
		files: ['**/*.js', '**/*.mjs'],
		languageOptions: { ecmaVersion: 2023, sourceType: 'commonjs', globals: { ...globals.node, ...globals.jest } },
		rules: {
			'no-undef': 'error',
			'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
		},
	},
	{ files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
];
