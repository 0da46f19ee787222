import { type FormEvent, useEffect, useState } from 'react';
import { addDays } from '../lib/dates';
import { PRESET_DAYS, type WindowChoice } from '../lib/metric-window';

interface WindowPickerProps {
  choice: WindowChoice;
  /** Today in the project's time zone, the latest day a custom window may end. */
  today: string;
  onChange: (choice: WindowChoice) => void;
}

/** 7, 30, 90 or 365 days, or a custom range of dates (both included). */
export function WindowPicker({ choice, today, onChange }: WindowPickerProps) {
  const [custom, setCustom] = useState(choice.kind === 'custom');
  const [from, setFrom] = useState(choice.kind === 'custom' ? choice.from : addDays(today, -29));
  const [to, setTo] = useState(choice.kind === 'custom' ? choice.to : today);
  const [error, setError] = useState('');

  // Follow the address (back and forward buttons); compare values, not the object, so edits in progress stay.
  const appliedFrom = choice.kind === 'custom' ? choice.from : '';
  const appliedTo = choice.kind === 'custom' ? choice.to : '';
  useEffect(() => {
    setCustom(appliedFrom !== '');
    if (appliedFrom) setFrom(appliedFrom);
    if (appliedTo) setTo(appliedTo);
  }, [appliedFrom, appliedTo]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (!from || !to) {
      setError('Enter both dates.');
      return;
    }
    if (from > to) {
      setError('The first day must not come after the last day.');
      return;
    }
    setError('');
    onChange({ kind: 'custom', from, to });
  };

  const selected = custom ? 'custom' : choice.kind === 'preset' ? String(choice.days) : 'custom';
  return (
    <form className="window-picker" onSubmit={apply} aria-label="Time window">
      <fieldset className="segmented">
        <legend>Window</legend>
        {PRESET_DAYS.map((days) => (
          <label key={days} className="segment">
            <input
              type="radio"
              name="window"
              value={days}
              checked={selected === String(days)}
              onChange={() => {
                setCustom(false);
                setError('');
                onChange({ kind: 'preset', days });
              }}
            />
            <span>{days} days</span>
          </label>
        ))}
        <label className="segment">
          <input
            type="radio"
            name="window"
            value="custom"
            checked={selected === 'custom'}
            onChange={() => setCustom(true)}
          />
          <span>Custom</span>
        </label>
      </fieldset>
      {custom ? (
        <div className="custom-range">
          <div className="field">
            <label htmlFor="window-from">From</label>
            <input
              id="window-from"
              type="date"
              className="input"
              value={from}
              max={to || today}
              onChange={(event) => setFrom(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="window-to">To (included)</label>
            <input
              id="window-to"
              type="date"
              className="input"
              value={to}
              min={from}
              max={today}
              onChange={(event) => setTo(event.target.value)}
            />
          </div>
          <button type="submit" className="button">
            Apply
          </button>
          {error ? (
            <p className="field-error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
