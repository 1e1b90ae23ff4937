import type { INodeProperties } from 'n8n-workflow';

import { companyLocator } from '../common';

export const fields: INodeProperties[] = [companyLocator('seatStatistics', ['get'])];
