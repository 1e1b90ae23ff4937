import type { ResourceDefinition } from '../types';
import { fields } from './description';
import { operations } from './operations';

export const blacklist: ResourceDefinition = { name: 'Blacklist', defaultOperation: 'addNumber', operations, fields };
