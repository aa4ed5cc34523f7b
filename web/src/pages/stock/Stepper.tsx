// A quantity input with large − and + buttons for touch screens.
import { t } from '../../i18n';

function clamp(v: number, max?: number): number {
  const x = Math.max(0, v);
  return max !== undefined ? Math.min(x, max) : x;
}

export function Stepper(props: { label: string; value: string; max?: number; onChange: (v: string) => void }) {
  const n = Number(props.value || 0);
  return (
    <span class="stepper" role="group" aria-label={props.label}>
      <button type="button" class="step" aria-label={`${t('stock.less')}: ${props.label}`}
              onClick={() => props.onChange(String(clamp(n - 1, props.max)))}>−</button>
      <input inputMode="decimal" aria-label={props.label} value={props.value}
             onInput={(e) => props.onChange(e.currentTarget.value)} />
      <button type="button" class="step" aria-label={`${t('stock.more')}: ${props.label}`}
              onClick={() => props.onChange(String(clamp(n + 1, props.max)))}>+</button>
      {props.max !== undefined && (
        <button type="button" class="step all" aria-label={`${t('stock.all')}: ${props.label}`}
                onClick={() => props.onChange(String(props.max))}>{t('stock.all')}</button>)}
    </span>
  );
}
