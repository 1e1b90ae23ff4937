import type { ResourceDefinition } from '../types';
import { fields } from './description';
import { operations } from './operations';

export const seatStatistics: ResourceDefinition = { name: 'Seat Statistics', defaultOperation: 'get', operations, fields };
