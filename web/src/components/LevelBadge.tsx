import type { Level } from '../api/types';

const NAMES: Record<Level, string> = { elite: 'Elite', high: 'High', medium: 'Medium', low: 'Low' };

/** The server's DORA level as a coloured badge that also says its name (never colour alone). */
export function LevelBadge({ level }: { level: Level | null }) {
  if (!level) {
    return <span className="badge badge-none">No level</span>;
  }
  return <span className={`badge badge-${level}`}>{NAMES[level]}</span>;
}
