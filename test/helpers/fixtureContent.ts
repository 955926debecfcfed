import path from 'node:path';
import { type Content, loadContent } from '../../definitions/content';

/**
 * The content tests build on (journeys, catalog, stores, templates): a copy of the shipped content as it was, so an
 * edit of the shipped files breaks only the test that says they validate (test/authoring/validate.test.ts).
 */
export const FIXTURE_CONTENT_DIR = path.resolve(__dirname, '../fixtures/content');

export const fixtureContent = (): Content => loadContent(FIXTURE_CONTENT_DIR);
