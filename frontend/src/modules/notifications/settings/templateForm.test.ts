import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../lib/api';
import { i18n } from '../../../lib/i18n';
import {
  insertAt,
  isPreviewable,
  templateErrorMessage,
  translateTemplateProblem,
  validateTemplateSearch,
} from './templateForm';

describe('insertAt', () => {
  it('replaces the selection and puts the cursor after the token', () => {
    expect(insertAt('Hello world', '{{.x}}', 6, 11)).toEqual({ value: 'Hello {{.x}}', cursor: 12 });
    expect(insertAt('ab', '{{.x}}', 1, 1)).toEqual({ value: 'a{{.x}}b', cursor: 7 });
  });

  it('clamps positions outside the value', () => {
    expect(insertAt('ab', 'X', 10, 20)).toEqual({ value: 'abX', cursor: 3 });
    expect(insertAt('ab', 'X', 1, 0)).toEqual({ value: 'aXb', cursor: 2 });
  });
});

describe('template errors', () => {
  const t = i18n.t.bind(i18n);

  it('words the template endpoints’ codes and keeps other messages as sent', () => {
    expect(
      templateErrorMessage({ field: 'subject', code: 'unknown_placeholder', message: '{{.owner}} is not a placeholder of this event' }, t),
    ).toBe('{{.owner}} is not a placeholder of this event.');
    expect(templateErrorMessage({ field: 'html', code: 'invalid_template', message: 'unexpected "}" in operand' }, t)).toBe(
      'The template cannot be read: unexpected "}" in operand',
    );
    expect(templateErrorMessage({ field: 'text', code: 'other', message: 'as sent' }, t)).toBe('as sent');
  });

  it('keeps the problem and translates its field errors', () => {
    const error = new ApiError({
      type: 'about:blank',
      title: 'Unprocessable',
      status: 422,
      request_id: 'req-1',
      errors: [{ field: 'text', code: 'invalid_template', message: 'bad' }],
    });
    const translated = translateTemplateProblem(error, t);
    expect(translated.status).toBe(422);
    expect(translated.request_id).toBe('req-1');
    expect(translated.errors[0]?.message).toBe('The template cannot be read: bad');
  });
});

describe('template search and preview', () => {
  it('keeps only a template language in the address', () => {
    expect(validateTemplateSearch({ locale: 'nl' })).toEqual({ locale: 'nl' });
    expect(validateTemplateSearch({ locale: 'es' })).toEqual({});
    expect(validateTemplateSearch({})).toEqual({});
  });

  it('previews only with a subject and a text', () => {
    expect(isPreviewable({ subject: 'S', text: 'T', html: '' })).toBe(true);
    expect(isPreviewable({ subject: ' ', text: 'T', html: '<p>x</p>' })).toBe(false);
    expect(isPreviewable({ subject: 'S', text: '', html: '' })).toBe(false);
  });
});
