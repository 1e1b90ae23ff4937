// A callback storm: Byai's retries arrive duplicated and out of order, 20 at a time. No event may be
// lost and none processed twice within the dedupe window.
import { startTrigger } from '../helpers/webhook';
import { skeleton } from '../trigger/fixtures';

test('600 deliveries of 200 callbacks, duplicated and shuffled, at concurrency 20: 200 executions', async () => {
	const server = await startTrigger({ events: ['callFinished', 'inboundCallFinished', 'intentionChanged', 'taskStatusChanged'], simplify: true } as never);
	try {
		const unique = Array.from({ length: 200 }, (_, i) => {
			if (i % 4 === 3) {
				const task = skeleton('taskStatus');
				Object.assign(task.data.data, { callJobId: 5000 + i, status: 2 });
				return task;
			}
			const call = skeleton('callRecord');
			call.data.data.sceneInstance.callInstanceId = 100_000 + i;
			return call;
		});
		// Every callback 1 to 5 times, in a seeded random order (a retry may overtake the original).
		let seed = 7;
		const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
		const deliveries = unique.flatMap((payload, i) => Array.from({ length: 1 + (i % 5) }, () => payload));
		for (let i = deliveries.length - 1; i > 0; i--) {
			const j = Math.floor(random() * (i + 1));
			[deliveries[i], deliveries[j]] = [deliveries[j], deliveries[i]];
		}
		expect(deliveries).toHaveLength(600);
		const answers: string[] = [];
		let next = 0;
		await Promise.all(
			Array.from({ length: 20 }, async () => {
				while (next < deliveries.length) {
					const payload = deliveries[next++];
					const answer = await server.post(payload.data.dataType === 'JOB_INFO_RESULT' ? 'task-status' : 'call-record', payload);
					answers.push(`${answer.status} ${answer.text}`);
				}
			}),
		);
		expect(new Set(answers)).toEqual(new Set(['200 success']));
		const items = server.executions.map(([item]) => item.json);
		expect(items).toHaveLength(200);
		const keys = items.map((item) => (item.event === 'callFinished' ? `call ${String(item.callInstanceId)}` : `task ${String(item.callJobId)}`));
		expect(new Set(keys).size).toBe(200);
	} finally {
		await server.stop();
	}
});
