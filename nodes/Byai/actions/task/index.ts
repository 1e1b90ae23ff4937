import type { ResourceDefinition } from '../types';
import { fields } from './description';
import { operations } from './operations';

export const task: ResourceDefinition = { name: 'Task', defaultOperation: 'create', operations, fields };
