#!/usr/bin/env node
'use strict';
// Release checklist, run by .github/workflows/publish.yml before anything is published:
//   node .ci/check-release.js <owner/repo> <tag>
// Blocks the release while package.json still carries the placeholder metadata, or when it does not point at
// the repository the workflow runs in (n8n's verification compares the package's repository with the one its
// npm provenance names), or when the tag, the version and CHANGELOG.md disagree. Prints every problem.
const fs = require('fs');
const path = require('path');

const PLACEHOLDER = 'set-before-release';

function problemsOf(root, repository, tag) {
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const problems = [];
	const fields = { 'repository.url': pkg.repository?.url, homepage: pkg.homepage, 'author.name': pkg.author?.name, 'author.email': pkg.author?.email };
	for (const [field, value] of Object.entries(fields)) {
		if (typeof value !== 'string' || !value.trim()) problems.push(`${field} is missing`);
		else if (value.toLowerCase().includes(PLACEHOLDER) || /\.invalid$/i.test(value)) problems.push(`${field} is still the placeholder "${value}": set the real value`);
	}
	const github = `https://github.com/${repository}`.toLowerCase();
	const url = String(pkg.repository?.url ?? '').toLowerCase().replace(/^git\+/, '').replace(/\.git$/, '');
	if (url !== github) problems.push(`repository.url "${pkg.repository?.url}" does not match this repository (${github})`);
	const homepage = String(pkg.homepage ?? '').toLowerCase();
	if (homepage !== github && !homepage.startsWith(`${github}#`) && !homepage.startsWith(`${github}/`)) problems.push(`homepage "${pkg.homepage}" is not on this repository (${github})`);
	if (pkg.license !== 'MIT') problems.push(`license is "${pkg.license}", expected MIT`);
	const version = tag.replace(/^v/, '');
	if (version !== pkg.version) problems.push(`tag "${tag}" does not match package.json version ${pkg.version}`);
	const changelog = fs.existsSync(path.join(root, 'CHANGELOG.md')) ? fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8') : '';
	if (!new RegExp(`^## \\[?${pkg.version.replace(/\./g, '\\.')}\\]?`, 'm').test(changelog)) problems.push(`CHANGELOG.md has no "## ${pkg.version}" section`);
	return problems;
}

module.exports = { problemsOf, PLACEHOLDER };

if (require.main === module) {
	const [repository, tag] = process.argv.slice(2);
	if (!repository || !tag) {
		process.stderr.write('usage: node .ci/check-release.js <owner/repo> <tag>\n');
		process.exit(2);
	}
	const problems = problemsOf(path.resolve(__dirname, '..'), repository, tag);
	for (const problem of problems) process.stderr.write(`release blocked: ${problem}\n`);
	if (!problems.length) process.stdout.write(`release ${tag} of ${repository}: metadata, version and changelog agree\n`);
	process.exit(problems.length ? 1 : 0);
}
