'use strict';
// Byai's request authentication: appkey + datetime (RFC 1123 GMT, within 3 minutes) + HMAC-SHA1 sign.
const crypto = require('crypto');
const { ByaiError } = require('./util');

const CLOCK_TOLERANCE_MS = 3 * 60 * 1000;
const RFC1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** Base64(HMAC-SHA1(key = appSecret, message = appKey + "\n" + datetime)). */
function signature(appKey, appSecret, datetime) {
	return crypto.createHmac('sha1', appSecret).update(`${appKey}\n${datetime}`, 'utf8').digest('base64');
}

function sameText(a, b) {
	const left = Buffer.from(String(a));
	const right = Buffer.from(String(b));
	return left.length === right.length && crypto.timingSafeEqual(left, right);
}

/**
 * Throws the ByaiError Byai answers with, checking in its order: headers present and key known (401),
 * datetime readable and near the server clock (408), then the signature (401).
 */
function authenticate(headers, { appKey, appSecret, now }) {
	const { appkey, datetime, sign } = headers;
	if (!appkey || !datetime || !sign) throw new ByaiError(401, '缺少 appkey/datetime/sign 请求头');
	if (!sameText(appkey, appKey)) throw new ByaiError(401, 'appkey 不存在');
	const time = Date.parse(datetime);
	if (!RFC1123.test(datetime) || Number.isNaN(time)) throw new ByaiError(408, 'datetime 必须是 RFC 1123 GMT 格式, 如 Sun, 09 Jun 2019 10:09:11 GMT');
	if (Math.abs(time - now) > CLOCK_TOLERANCE_MS) throw new ByaiError(408, 'datetime 与服务器时间相差超过 3 分钟');
	if (!sameText(sign, signature(appKey, appSecret, datetime))) throw new ByaiError(401);
}

module.exports = { authenticate };
