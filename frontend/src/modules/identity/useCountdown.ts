import { useCallback, useEffect, useState } from 'react';

/** Seconds left until a moment set with `start(seconds)`, updated every second; 0 when none or past. */
export function useCountdown(): { remaining: number; start: (seconds: number) => void } {
  const [remaining, setRemaining] = useState(0);
  const [until, setUntil] = useState<number | null>(null);

  useEffect(() => {
    if (until === null) return undefined;
    const tick = () => {
      const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      setRemaining(left);
      if (left === 0) setUntil(null);
    };
    const id = setInterval(tick, 1000);
    return () => {
      clearInterval(id);
    };
  }, [until]);

  const start = useCallback((seconds: number) => {
    setRemaining(Math.max(0, Math.ceil(seconds)));
    setUntil(seconds > 0 ? Date.now() + seconds * 1000 : null);
  }, []);

  return { remaining, start };
}
