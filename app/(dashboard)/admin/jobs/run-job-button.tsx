"use client";

import { Play } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { summaryText } from "@/lib/jobs/format";
import { runJobAction } from "./actions";

/** Runs one job now; says what it did (or why it failed) next to the button. */
export function RunJobButton({ name }: { name: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  // The result goes on its own full-width line of the job's row (the row wraps), not beside the button.
  return (
    <>
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
            else setResult({ ok: true, text: `Done in ${res.data.ms ?? 0} ms${res.data.summary ? `: ${summaryText(res.data.summary)}` : ""}` });
            router.refresh();
          })
        }
      >
        <Play className="size-3.5" aria-hidden="true" />
        {pending ? "Running…" : "Run now"}
      </Button>
      {result ? (
        <p role="status" className={result.ok ? "order-last basis-full break-words text-sm text-success-foreground" : "order-last basis-full break-words text-sm text-destructive"}>
          {result.text}
        </p>
      ) : null}
    </>
  );
}
