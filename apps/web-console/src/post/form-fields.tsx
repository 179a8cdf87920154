/** Labelled inputs with their hint and error tied to them (aria-describedby), for the report form. */
import type { ReactNode } from 'react';
import type { FieldError } from './node-api';
import { messageAtField } from './form-model';

export const fieldId = (path: string): string => `post-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

export interface FieldProps {
  readonly path: string;
  readonly label: string;
  readonly errors: readonly FieldError[];
  readonly hint?: ReactNode;
  readonly required?: boolean;
  readonly children: (a11y: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean; required?: boolean }) => ReactNode;
}

/** One field: label, control, a hint and the node's errors for it (all of them, from one answer). */
export function Field({ path, label, errors, hint, required, children }: FieldProps) {
  const id = fieldId(path);
  const described = [hint ? `${id}-hint` : '', errors.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${errors.length ? ' invalid' : ''}`} data-field={path}>
      <label htmlFor={id}>
        {label}
        {required ? ' *' : ''}
      </label>
      {children({ id, 'aria-describedby': described || undefined, 'aria-invalid': errors.length ? true : undefined, required })}
      {hint && (
        <div id={`${id}-hint`} className="field-hint" aria-live="polite">
          {hint}
        </div>
      )}
      {errors.length > 0 && (
        <ul id={`${id}-error`} className="field-error" data-testid={`error-${path}`}>
          {errors.map((e, i) => (
            <li key={i}>{messageAtField(e)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Options(props: { codes: readonly string[]; label: (code: string) => string; empty?: string }) {
  return (
    <>
      {props.empty !== undefined && <option value="">{props.empty}</option>}
      {props.codes.map((c) => (
        <option key={c} value={c}>
          {props.label(c)}
        </option>
      ))}
    </>
  );
}
