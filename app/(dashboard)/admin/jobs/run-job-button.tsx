"use client";

import { Play } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { runJobAction } from "./actions";

/** Runs one job now; says what it did (or why it failed) next to the button. */
export function RunJobButton({ name }: { name: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  return (
    <div className="flex items-center gap-3">
      {result ? (
        <span role="status" className={result.ok ? "max-w-[28rem] truncate text-sm text-success" : "max-w-[28rem] truncate text-sm text-destructive"} title={result.text}>
          {result.text}
        </span>
      ) : null}
      <Button
        variant="outline"
        size="sm"
        disabled={pending}
        aria-label={`Run ${name} now`}
        onClick={() =>
          start(async () => {
            setResult(undefined);
            const res = await runJobAction({ name });
            if (!res.ok) setResult({ ok: false, text: res.error });
            else if (res.data.status === "failed") setResult({ ok: false, text: `Failed: ${res.data.error}` });
            else setResult({ ok: true, text: `Done in ${res.data.ms ?? 0} ms${res.data.summary ? `: ${JSON.stringify(res.data.summary)}` : ""}` });
            router.refresh();
          })
        }
      >
        <Play className="size-3.5" aria-hidden="true" />
        {pending ? "Running…" : "Run now"}
      </Button>
    </div>
  );
}
