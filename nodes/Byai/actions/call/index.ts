import type { ResourceDefinition } from '../types';
import { fields } from './description';
import { operations } from './operations';

export const call: ResourceDefinition = { name: 'Call', defaultOperation: 'getAll', operations, fields };
