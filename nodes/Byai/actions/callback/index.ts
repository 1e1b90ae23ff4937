import type { ResourceDefinition } from '../types';
import { fields } from './description';
import { localOperations, operations } from './operations';

export const callback: ResourceDefinition = { name: 'Callback', defaultOperation: 'getFailed', operations, localOperations, fields };
