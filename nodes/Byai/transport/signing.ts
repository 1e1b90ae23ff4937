import { createHmac } from 'crypto';

/** The `datetime` header: RFC 1123 in GMT ("Sun, 09 Jun 2019 10:09:11 GMT"), always from UTC. */
export function byaiDatetime(date: Date): string {
	return date.toUTCString();
}

/** sign = Base64(HMAC-SHA1(key = APP_SECRET, message = APP_KEY + "\n" + datetime)). */
export function byaiSign(appKey: string, appSecret: string, datetime: string): string {
	return createHmac('sha1', appSecret).update(`${appKey}\n${datetime}`, 'utf8').digest('base64');
}

export function byaiAuthHeaders(appKey: string, appSecret: string, datetime: string) {
	return { appkey: appKey, datetime, sign: byaiSign(appKey, appSecret, datetime) };
}
