'use strict';
// Byai's side of the account: task state machine, AI seats, customers, the simulated dialer and the
// finished calls. The HTTP endpoints (endpoints.js) are thin wrappers around these methods.
const { seedAccount, BUILT_IN_VARIABLES, GRADE_LABELS, personName } = require('./data');
const { completeCall, callRecordPayload, intentionChangePayload, taskPayload, inboundPayload, INTENTION } = require('./calls');
const { ByaiError, paramError, notFound, chinaTime, chinaDate, hash, seededRandom } = require('./util');
const { redialStatuses, smsSendLevels } = require('./reference');

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const PHONE = /^(1[3-9]\d{9}|0\d{9,11}|\d{3,8})$/;
const CALLING_WINDOW = ['09:00', '20:00'];
const IMPORT_LIMIT = 10_000;
const MAX_SEATS_PER_TASK = 100;

/** Task status codes (enums.taskStatus). */
const STATUS = { NOT_STARTED: 0, RUNNING: 1, COMPLETED: 2, RUNNABLE: 3, PAUSED: 4, SYSTEM_PAUSED: 5, TERMINATED: 6, QUEUED: 7 };
const ENDED = [STATUS.COMPLETED, STATUS.TERMINATED];
const HOLDS_SEATS = [STATUS.RUNNING, STATUS.RUNNABLE];
// Statuses the task-status callback reports (callbacks.json taskStatus.statusesReported).
const REPORTED = [2, 4, 5, 9, 10];

class ByaiAccount {
	constructor({ seed, callbacks, clock, dialer }) {
		this.callbacks = callbacks;
		this.clock = clock;
		this.dialerDefaults = { paused: false, callIntervalMs: 20, ...dialer };
		this.reset(seed);
	}

	reset(seed = this.seed) {
		this.seed = seed;
		const account = seedAccount(seed, this.clock());
		this.companies = account.companies;
		this.nextIds = { ...account.nextIds, task: 1000, call: 500000, customer: 800000, inbound: 90000 };
		this.tasks = new Map();
		this.calls = new Map();
		this.inbound = new Map();
		this.demoTasks = new Map(); // companyId → task that holds calls made up for /admin/callbacks/fire
		this.configureDialer({ ...this.dialerDefaults });
	}

	// ---- lookups -------------------------------------------------------------------------------
	company(companyId) {
		const company = this.companies.get(companyId);
		if (!company) throw notFound(`公司不存在: companyId ${companyId}`);
		if (!company.bound) throw new ByaiError(403, `companyId ${companyId} 未绑定到当前 appKey`);
		return company;
	}

	/** A task that exists, is not deleted and whose company is bound (and is `companyId`'s when given). */
	task(taskId, companyId) {
		if (companyId !== undefined) this.company(companyId);
		const task = this.tasks.get(taskId);
		if (!task || task.deleted) throw notFound(`任务不存在: taskId ${taskId}`);
		this.company(task.companyId);
		if (companyId !== undefined && task.companyId !== companyId) throw new ByaiError(403, `任务 ${taskId} 不属于公司 ${companyId}`);
		return task;
	}

	robot(company, robotDefId) {
		const robot = company.robots.find((r) => r.robotDefId === robotDefId);
		if (!robot) throw paramError('robotDefId', `话术不存在: ${robotDefId}`);
		return robot;
	}

	group(company, groupId) {
		const group = company.blacklistGroups.find((g) => g.blacklistInfoGroupId === groupId);
		if (!group) throw notFound(`黑名单分组不存在: blacklistInfoGroupId ${groupId}`);
		return group;
	}

	call(callInstanceId) {
		const call = this.calls.get(callInstanceId) ?? this.inbound.get(callInstanceId);
		if (!call) throw notFound(`通话记录不存在: callInstanceId ${callInstanceId}`);
		this.company(call.sceneInstance.companyId);
		return call;
	}

	isBlacklisted(companyId, phone) {
		return this.companies.get(companyId).blacklistGroups.some((g) => g.numbers.some((n) => n.mobile === phone));
	}

	/** Caller lines by id; each must exist, be usable and have phoneType === callType. */
	lines(company, ids, callType) {
		if (!ids.length) throw paramError('userPhoneIds', '至少选择一条线路');
		return ids.map((id) => {
			const line = company.lines.find((l) => l.userPhoneId === Number(id));
			if (!line) throw paramError('userPhoneIds', `线路不存在: ${id}`);
			if (!line.available) throw paramError('userPhoneIds', `线路不可用: ${id}`);
			if (line.phoneType !== callType) throw paramError('callType', `线路 ${id} 的类型是 ${line.phoneType}，与 callType ${callType} 不一致`);
			return line;
		});
	}

	// ---- task rules ----------------------------------------------------------------------------
	/** Dates, HH:mm times, the 09:00-20:00 calling window and a break inside it. */
	checkSchedule(params, { requireStartDate }) {
		const given = (field) => params[field] !== undefined && params[field] !== null;
		if (requireStartDate && !given('startDate')) throw paramError('startDate', '定时任务必须填写开始日期 (yyyy-MM-dd)');
		if (given('startDate') && !DATE.test(params.startDate)) throw paramError('startDate', `格式必须是 yyyy-MM-dd (收到 ${params.startDate})`);
		for (const field of ['workingStartTime', 'workingEndTime', 'breakStartTime', 'breakEndTime']) {
			if (given(field) && !TIME.test(params[field])) throw paramError(field, `格式必须是 HH:mm (收到 ${params[field]})`);
		}
		const start = params.workingStartTime ?? CALLING_WINDOW[0];
		const end = params.workingEndTime ?? CALLING_WINDOW[1];
		if (start < CALLING_WINDOW[0] || start >= CALLING_WINDOW[1]) throw paramError('workingStartTime', `外呼时间必须在 ${CALLING_WINDOW.join('-')} 之间`);
		if (end > CALLING_WINDOW[1] || end <= start) throw paramError('workingEndTime', `外呼时间必须在 ${CALLING_WINDOW.join('-')} 之间且晚于开始时间`);
		if (given('breakStartTime') !== given('breakEndTime')) throw paramError(given('breakStartTime') ? 'breakEndTime' : 'breakStartTime', '休息开始和结束时间必须同时填写');
		if (given('breakStartTime') && (params.breakStartTime < start || params.breakEndTime > end || params.breakStartTime >= params.breakEndTime)) {
			throw paramError('breakStartTime', `休息时间必须在外呼时间 ${start}-${end} 之内且开始早于结束`);
		}
	}

	checkRedial(params) {
		for (const [index, rule] of (params.repeatCallRule ?? []).entries()) {
			const field = `repeatCallRule[${index}]`;
			if (!rule || typeof rule !== 'object') throw paramError(field, '必须是对象 {phoneStatus, times, interval}');
			if (!redialStatuses.includes(rule.phoneStatus)) throw paramError(`${field}.phoneStatus`, `取值必须是 ${redialStatuses.join('/')} 之一`);
			if (!Number.isInteger(rule.times) || rule.times < 1 || rule.times > 5) throw paramError(`${field}.times`, '必须在 1-5 之间');
			if (!Number.isInteger(rule.interval) || rule.interval < 0 || rule.interval > 120) throw paramError(`${field}.interval`, '必须在 0-120 分钟之间');
		}
	}

	checkSms(company, params) {
		for (const level of params.smsSendLevel ?? []) {
			if (!smsSendLevels.includes(level)) throw paramError('smsSendLevel', `取值必须是 ${smsSendLevels.join('/')} 之一`);
		}
		if (params.smsTemplateId !== undefined) {
			const template = company.smsTemplates.find((t) => t.smsTemplateId === params.smsTemplateId);
			if (!template || template.status !== 2) throw paramError('smsTemplateId', '短信模板不存在或未审核通过');
			if (template.content.includes('${')) throw paramError('smsTemplateId', '只能使用不含变量的短信模板');
		}
	}

	checkSeats(params) {
		if (params.concurrencyQuota !== undefined && (params.concurrencyQuota < 1 || params.concurrencyQuota > MAX_SEATS_PER_TASK)) {
			throw paramError('concurrencyQuota', `必须在 1-${MAX_SEATS_PER_TASK} 之间`);
		}
		if (params.concurrencyPhone !== undefined && (params.concurrencyPhone < 1 || params.concurrencyPhone > 2 * params.concurrencyQuota)) {
			throw paramError('concurrencyPhone', `必须在 1-100 之间且不超过坐席数的 2 倍 (${2 * params.concurrencyQuota})`);
		}
	}

	// ---- state machine -------------------------------------------------------------------------
	setStatus(task, status) {
		if (task.status === status) return;
		const releasedSeats = HOLDS_SEATS.includes(task.status) && !HOLDS_SEATS.includes(status);
		task.status = status;
		if (REPORTED.includes(status)) this.callbacks.send('taskStatus', taskPayload(task, this.clock()), { taskId: task.callJobId, status });
		if (releasedSeats) this.promoteQueued(task.companyId);
	}

	seatsInUse(companyId) {
		let used = 0;
		for (const task of this.tasks.values()) if (task.companyId === companyId && HOLDS_SEATS.includes(task.status)) used += task.concurrencyQuota;
		return used;
	}

	/** A task gets its seats when the company has them free (or none are in use): else it queues (7). */
	run(task) {
		if (!task.pending.length) return this.setStatus(task, STATUS.COMPLETED);
		const used = this.seatsInUse(task.companyId);
		const free = this.companies.get(task.companyId).seats - used;
		this.setStatus(task, used === 0 || free >= task.concurrencyQuota ? STATUS.RUNNING : STATUS.QUEUED);
	}

	promoteQueued(companyId) {
		for (const task of this.tasks.values()) {
			if (task.companyId === companyId && task.status === STATUS.QUEUED && !task.deleted) this.run(task);
		}
	}

	/** Validates createTask parameters and builds the task (not stored). */
	buildTask(params, callJobId) {
		const company = this.company(params.companyId);
		if (!params.taskName.trim()) throw paramError('taskName', '不能为空');
		this.checkSchedule(params, { requireStartDate: params.taskType === 1 });
		const robot = this.robot(company, params.robotDefId);
		const lines = this.lines(company, params.userPhoneIds, params.callType);
		this.checkSeats(params);
		this.checkRedial(params);
		this.checkSms(company, params);
		const now = this.clock();
		return {
			callJobId,
			companyId: company.companyId,
			jobName: params.taskName,
			jobType: params.taskType,
			startDate: params.startDate ?? chinaDate(now),
			workingStartTime: params.workingStartTime ?? CALLING_WINDOW[0],
			workingEndTime: params.workingEndTime ?? CALLING_WINDOW[1],
			breakStartTime: params.breakStartTime ?? null,
			breakEndTime: params.breakEndTime ?? null,
			status: STATUS.NOT_STARTED,
			callType: params.callType,
			robotDefId: robot.robotDefId,
			robotName: robot.robotName,
			sceneDefId: robot.sceneDefId,
			sceneRecordId: robot.sceneRecords[0].sceneRecordId,
			sceneRecordName: robot.sceneRecords[0].sceneRecordName,
			variables: robot.variables,
			remark: params.remark ?? '',
			concurrencyQuota: params.concurrencyQuota ?? 1,
			smsType: params.smsType ?? 0,
			smsTemplateId: params.smsTemplateId,
			smsSendLevel: params.smsSendLevel ?? [],
			repeatCall: params.repeatCall ?? false,
			repeatCallRule: params.repeatCallRule ?? [],
			lines,
			customers: new Map(), // phone → customer
			pending: [],
			done: [],
			deleted: false,
			gmtCreate: chinaTime(now),
		};
	}

	createTask(params) {
		const task = this.buildTask(params, this.nextIds.task + 1);
		this.nextIds.task++;
		this.tasks.set(task.callJobId, task);
		return task;
	}

	updateTask(params) {
		const task = this.task(params.taskId, params.companyId);
		if (HOLDS_SEATS.includes(task.status)) throw paramError('taskId', `任务进行中 (status ${task.status}) 不能修改，请先暂停`);
		const company = this.company(params.companyId);
		const ids = Array.isArray(params.userPhoneIds) ? params.userPhoneIds : String(params.userPhoneIds).split(',').map((id) => id.trim()).filter(Boolean);
		if (ids.some((id) => !/^\d+$/.test(String(id)))) throw paramError('userPhoneIds', '必须是逗号分隔的线路 id, 如 "101,102"');
		if (![1, 2].includes(params.taskType)) throw paramError('taskType', '取值必须是 1/2 之一');
		const breakClosed = params.breakStartClose === true;
		const schedule = {
			startDate: params.startDate ?? task.startDate,
			workingStartTime: params.workingStartTime ?? task.workingStartTime,
			workingEndTime: params.workingEndTime ?? task.workingEndTime,
			breakStartTime: breakClosed ? null : params.breakStartTime ?? task.breakStartTime,
			breakEndTime: breakClosed ? null : params.breakEndTime ?? task.breakEndTime,
		};
		this.checkSchedule(schedule, { requireStartDate: params.taskType === 1 });
		this.checkSeats(params);
		this.checkRedial(params);
		this.checkSms(company, params);
		const lines = this.lines(company, ids, params.callType);
		Object.assign(task, schedule, {
			lines,
			jobName: params.taskName,
			jobType: params.taskType,
			callType: params.callType,
			concurrencyQuota: params.concurrencyQuota,
			concurrencyPhone: params.concurrencyPhone ?? task.concurrencyPhone,
			repeatCall: params.repeatCall ?? task.repeatCall,
			repeatCallRule: params.repeatCallRule ?? task.repeatCallRule,
			smsType: params.smsType ?? task.smsType,
			smsTemplateId: params.smsTemplateId ?? task.smsTemplateId,
			smsSendLevel: params.smsSendLevel ?? task.smsSendLevel,
		});
	}

	start(taskId) {
		const task = this.task(taskId);
		if (ENDED.includes(task.status)) throw paramError('taskId', `任务已结束 (status ${task.status})，不能启动`);
		if (!HOLDS_SEATS.includes(task.status) && task.status !== STATUS.QUEUED) this.run(task);
	}

	pause(taskId) {
		const task = this.task(taskId);
		if (![STATUS.RUNNING, STATUS.RUNNABLE, STATUS.SYSTEM_PAUSED, STATUS.QUEUED, 9, 10].includes(task.status)) {
			throw paramError('taskId', `只有进行中的任务可以暂停 (当前 status ${task.status})`);
		}
		this.setStatus(task, STATUS.PAUSED);
	}

	stop(taskId) {
		const task = this.task(taskId);
		if (ENDED.includes(task.status)) throw paramError('taskId', `任务已结束 (status ${task.status})`);
		this.setStatus(task, STATUS.TERMINATED);
	}

	/** Deleting releases lines and seats, also of a running task; the task stays visible with needAll. */
	delete(taskId) {
		const task = this.task(taskId);
		task.deleted = true;
		if (HOLDS_SEATS.includes(task.status) || task.status === STATUS.QUEUED) {
			task.status = STATUS.TERMINATED;
			this.promoteQueued(task.companyId);
		}
	}

	addCustomer(task, { name, phone, properties }) {
		const customer = {
			customerId: ++this.nextIds.customer,
			callInstanceId: ++this.nextIds.call,
			name: name ?? '',
			phone,
			properties: properties ?? {},
			index: task.customers.size + 1,
			companyId: task.companyId,
		};
		task.customers.set(phone, customer);
		task.pending.push(customer);
		return customer;
	}

	/** v2 counts: bad number → failNum, already in the task → repeatNum, script variable missing → placeFailNum. */
	importCustomers(params) {
		const task = this.task(params.taskId, params.companyId);
		if (ENDED.includes(task.status)) throw paramError('taskId', `任务已结束 (status ${task.status})，不能导入`);
		const list = params.customerInfoList;
		if (!list.length) throw paramError('customerInfoList', '不能为空');
		if (list.length > IMPORT_LIMIT) throw paramError('customerInfoList', `单次最多导入 ${IMPORT_LIMIT} 条 (收到 ${list.length})`);
		const required = task.variables.filter((v) => !BUILT_IN_VARIABLES.includes(v));
		const counts = { successNum: 0, repeatNum: 0, placeFailNum: 0, failNum: 0 };
		for (const row of list) {
			const phone = typeof row?.phone === 'string' || typeof row?.phone === 'number' ? String(row.phone).trim() : '';
			const properties = row?.properties && typeof row.properties === 'object' ? row.properties : {};
			if (!PHONE.test(phone)) counts.failNum++;
			else if (task.customers.has(phone)) counts.repeatNum++;
			else if (required.some((name) => typeof properties[name] !== 'string' || !properties[name])) counts.placeFailNum++;
			else {
				this.addCustomer(task, { name: row.name == null ? '' : String(row.name), phone, properties });
				counts.successNum++;
			}
		}
		const msg = `导入${list.length}条, 成功${counts.successNum}条, 重复${counts.repeatNum}条, 变量不匹配${counts.placeFailNum}条, 号码错误${counts.failNum}条`;
		return { msg, ...counts };
	}

	// ---- dialer --------------------------------------------------------------------------------
	configureDialer(changes) {
		this.dialer = { ...this.dialer, ...changes };
		clearInterval(this.dialerTimer);
		this.dialerTimer = setInterval(() => this.tick(), Math.max(1, Number(this.dialer.callIntervalMs) || 20));
		this.dialerTimer.unref();
		return this.dialer;
	}

	close() {
		clearInterval(this.dialerTimer);
	}

	/** Completes the next pending call of a running task; false when nothing was dialled. */
	dialNext(task) {
		if (task.status !== STATUS.RUNNING || task.deleted) return false;
		const customer = task.pending.shift();
		if (!customer) return false;
		const line = task.lines[hash(customer.callInstanceId) % task.lines.length];
		const call = completeCall({
			seed: this.seed,
			task,
			customer,
			callInstanceId: customer.callInstanceId,
			now: this.clock(),
			callerPhone: line.phone,
			blacklisted: this.isBlacklisted(task.companyId, customer.phone),
		});
		call.jobFinished = task.pending.length === 0;
		this.calls.set(call.sceneInstance.callInstanceId, call);
		task.done.push(call);
		this.callbacks.send('callRecord', callRecordPayload(call), { callInstanceId: call.sceneInstance.callInstanceId, taskId: task.callJobId });
		if (call.jobFinished) this.setStatus(task, STATUS.COMPLETED);
		return true;
	}

	/** One dialer step: every running task completes as many calls as it has seats. */
	tick() {
		if (this.dialer.paused) return;
		for (const task of this.tasks.values()) {
			for (let seat = 0; seat < task.concurrencyQuota; seat++) if (!this.dialNext(task)) break;
		}
	}

	/** Dials now, also while the dialer is paused: `calls` calls (default 1) or until the tasks are done. */
	advance({ taskId, calls = 1, untilDone = false } = {}) {
		const tasks = taskId !== undefined ? [this.task(Number(taskId))] : [...this.tasks.values()];
		let dialled = 0;
		for (const task of tasks) {
			while ((untilDone || dialled < calls) && this.dialNext(task)) dialled++;
		}
		return { dialled };
	}

	// ---- calls outside the dialer --------------------------------------------------------------
	/** task/call and singleCallByMobile: one call right away, reported by the call-record callback. */
	singleCall(company, robot, customer) {
		const task = { callJobId: 0, companyId: company.companyId, robotDefId: robot.robotDefId, robotName: robot.robotName, sceneDefId: robot.sceneDefId, sceneRecordId: customer.sceneRecordId ?? robot.sceneRecords[0].sceneRecordId, jobName: '' };
		const callInstanceId = ++this.nextIds.call;
		const line = company.lines.find((l) => l.available);
		const call = completeCall({ seed: this.seed, task, customer, callInstanceId, now: this.clock(), callerPhone: line.phone, blacklisted: this.isBlacklisted(company.companyId, customer.phone), callType: 2 });
		this.calls.set(callInstanceId, call);
		this.callbacks.send('callRecord', callRecordPayload(call), { callInstanceId });
		return callInstanceId;
	}

	/** The CRM's manual intention change on a stored call; returns the callback payload. */
	changeIntention(callInstanceId, grade) {
		if (!GRADE_LABELS[grade]) throw new ByaiError(412, `grade 取值必须是 ${Object.keys(GRADE_LABELS).join('/')} 之一`);
		const call = this.call(callInstanceId);
		const row = call.taskResult.find((r) => r.resultName === INTENTION);
		row.artificialResultValue = GRADE_LABELS[grade][1];
		row.artificialChanged = 1;
		return intentionChangePayload(call, grade);
	}

	/** An inbound robot call (no API makes one: the admin API stands in for a caller). */
	inboundCall(companyId, { store = true } = {}) {
		const company = this.company(companyId);
		const inboundInstanceId = store ? ++this.nextIds.inbound : this.nextIds.inbound + 1;
		const robot = company.robots[0];
		const task = { callJobId: 98, companyId, robotDefId: robot.robotDefId, robotName: robot.robotName, sceneDefId: robot.sceneDefId, sceneRecordId: robot.sceneRecords[0].sceneRecordId, jobName: '呼入接待' };
		const customer = { customerId: this.nextIds.customer + 1, phone: `1380000${String(inboundInstanceId % 10000).padStart(4, '0')}`, name: '未知呼入客户', properties: {} };
		if (store) this.nextIds.customer++;
		const calleeLine = company.lines[1];
		const call = completeCall({ seed: this.seed, task, customer, callInstanceId: inboundInstanceId, now: this.clock(), callerPhone: customer.phone, answered: true, callType: 101 });
		const payload = inboundPayload(call, calleeLine.phone, this.clock());
		if (store) this.inbound.set(inboundInstanceId, call);
		return payload;
	}

	/** The completed task that holds calls made up for callbacks fired without ids (one per company). */
	demoTask(companyId, { store = true } = {}) {
		const existing = this.demoTasks.get(companyId);
		if (existing && this.tasks.get(existing.callJobId) === existing) return existing;
		const company = this.company(companyId);
		const line = company.lines.find((l) => l.available && l.phoneType === 1);
		const params = { companyId, taskName: '回调演示任务', taskType: 2, userPhoneIds: [line.userPhoneId], robotDefId: company.robots[0].robotDefId, callType: 1 };
		const task = this.buildTask(params, store ? ++this.nextIds.task : this.nextIds.task + 1);
		task.status = STATUS.COMPLETED;
		if (store) {
			this.tasks.set(task.callJobId, task);
			this.demoTasks.set(companyId, task);
		}
		return task;
	}

	/** A finished call of the demo task; with store: false nothing is kept (payload samples). */
	demoCall(companyId, { store = true } = {}) {
		const task = this.demoTask(companyId, { store });
		const info = { name: personName(seededRandom(this.nextIds.call)), phone: `1390000${String(task.customers.size).padStart(4, '0')}`, properties: { 产品名称: '白金卡', 到期日期: '2026-12-31', crmId: `C-${this.nextIds.call + 1}` } };
		if (store) return this.finishDirectly(task, info, { answered: true });
		const customer = { ...info, customerId: this.nextIds.customer + 1, index: task.customers.size + 1 };
		return completeCall({ seed: this.seed, task, customer, callInstanceId: this.nextIds.call + 1, now: this.clock(), callerPhone: task.lines[0].phone, answered: true });
	}

	/** Adds a customer and completes the call at once, without callbacks (seeded data). */
	finishDirectly(task, customerInfo, { answered = false } = {}) {
		const customer = this.addCustomer(task, customerInfo);
		task.pending.pop();
		const call = completeCall({ seed: this.seed, task, customer, callInstanceId: customer.callInstanceId, now: this.clock(), callerPhone: task.lines[0].phone, answered });
		this.calls.set(customer.callInstanceId, call);
		task.done.push(call);
		return call;
	}

	/** A completed task with `count` finished calls (paging tests, benchmarks). */
	seedDoneCalls(companyId, count) {
		if (!Number.isInteger(count) || count < 0 || count > 1_000_000) throw new Error('count must be a whole number 0-1,000,000');
		const company = this.company(companyId);
		const robot = company.robots[1];
		const line = company.lines[1];
		const task = this.createTask({ companyId, taskName: `已完成任务 ${count} 通`, taskType: 2, userPhoneIds: [line.userPhoneId], robotDefId: robot.robotDefId, callType: line.phoneType });
		for (let i = 0; i < count; i++) this.finishDirectly(task, { name: `客户${i + 1}`, phone: `139${String(10000000 + i).slice(-8)}`, properties: { seq: String(i + 1) } });
		if (task.done.length) task.done[task.done.length - 1].jobFinished = true;
		task.status = STATUS.COMPLETED;
		return { taskId: task.callJobId };
	}

	// ---- views ---------------------------------------------------------------------------------
	snapshot() {
		return {
			seed: this.seed,
			dialer: this.dialer,
			tasks: [...this.tasks.values()].map((t) => ({
				taskId: t.callJobId,
				companyId: t.companyId,
				name: t.jobName,
				status: t.status,
				deleted: t.deleted,
				customers: t.customers.size,
				pending: t.pending.length,
				done: t.done.length,
			})),
			calls: this.calls.size,
			inboundCalls: this.inbound.size,
		};
	}
}

module.exports = { ByaiAccount, PHONE, DATE };
