export { translateDatabaseError } from '../db/errors.js';
