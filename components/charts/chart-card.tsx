"use client";

// The one chart wrapper (DESIGN.md 4): every chart gets a title, its units, a readable tooltip, an accessible table
// alternative and a sized, responsive plot area. Charts pass their rows once; the table is built from the same rows.
import { Table2 } from "lucide-react";
import Link from "next/link";
import { useId, useState, type ReactNode } from "react";
import { ResponsiveContainer } from "recharts";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/lib/utils";

export interface TableColumn<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
}

export interface ChartCardProps<Row> {
  title: string;
  /** Units and what is counted, e.g. "NHIs, last 90 days". */
  unit: string;
  /** A one-line reading of the chart for screen readers (role="img" label). */
  summary: string;
  rows: readonly Row[];
  columns: readonly TableColumn<Row>[];
  /** Per-row link of the table alternative: the same click-through as the chart. */
  rowHref?: (row: Row) => string | null;
  height?: number;
  /** Rendered instead of the chart when there is nothing to draw. */
  empty?: ReactNode;
  className?: string;
  /** Recharts content (a chart element); wrapped in a ResponsiveContainer. Non-Recharts content: set `raw`. */
  children: ReactNode;
  raw?: boolean;
  footer?: ReactNode;
}

export function ChartCard<Row>({
  title, unit, summary, rows, columns, rowHref, height = 240, empty, className, children, raw, footer,
}: ChartCardProps<Row>) {
  const [asTable, setAsTable] = useState(false);
  const tableId = useId();
  const isEmpty = rows.length === 0;
  return (
    <Card className={cn("gap-3 break-inside-avoid", className)} data-chart={title}>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>{unit}</CardDescription>
        {!isEmpty ? (
          <CardAction>
            <button
              type="button"
              onClick={() => setAsTable((v) => !v)}
              aria-pressed={asTable}
              aria-controls={tableId}
              className="inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-xs text-muted-foreground hover:bg-accent hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring print:hidden"
            >
              <Table2 className="size-3.5" aria-hidden="true" />
              {asTable ? "Chart" : "Table"}
            </button>
          </CardAction>
        ) : null}
      </CardHeader>
      <CardContent>
        {isEmpty ? (
          <div className="grid place-content-center text-center text-sm text-muted-foreground" style={{ height }}>
            {empty ?? "No data for these filters yet."}
          </div>
        ) : (
          <>
            <div role="img" aria-label={`${title}: ${summary}`} hidden={asTable} style={{ height }} className="select-none">
              {raw ? children : (
                <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height }}>
                  {children as React.ReactElement}
                </ResponsiveContainer>
              )}
            </div>
            {/* The table alternative: always in the DOM for assistive technology, shown on request. */}
            <div id={tableId} className={cn(!asTable && "sr-only", "max-h-80 overflow-auto")} style={asTable ? { minHeight: height } : undefined}>
              <table className="w-full text-sm">
                <caption className="sr-only">{`${title} (${unit})`}</caption>
                <thead>
                  <tr className="border-b text-left text-xs text-muted-foreground">
                    {columns.map((c) => (
                      <th key={c.header} scope="col" className={cn("py-1.5 pr-3 font-medium", c.numeric && "text-right")}>
                        {c.header}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r, i) => {
                    const href = rowHref?.(r);
                    return (
                      <tr key={i} className="border-b last:border-0">
                        {columns.map((c, j) => (
                          <td key={c.header} className={cn("py-1.5 pr-3", c.numeric && "text-right tabular-nums")}>
                            {j === 0 && href ? (
                              <Link href={href} className="text-primary hover:underline" tabIndex={asTable ? 0 : -1}>
                                {c.cell(r)}
                              </Link>
                            ) : (
                              c.cell(r)
                            )}
                          </td>
                        ))}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </>
        )}
        {footer ? <div className="mt-2 text-xs text-muted-foreground">{footer}</div> : null}
      </CardContent>
    </Card>
  );
}

export interface TooltipEntry {
  name?: string | number;
  value?: number | string | readonly (number | string)[];
  color?: string;
  dataKey?: unknown;
  payload?: unknown;
}

/** The shared tooltip: a label and one line per series, values formatted by the chart's unit. */
export function ChartTooltip({
  active, payload, label, format, labelFormat,
}: {
  active?: boolean;
  payload?: readonly TooltipEntry[];
  label?: string | number;
  format: (v: number, entry: TooltipEntry) => string;
  labelFormat?: (label: string | number) => string;
}) {
  if (!active || !payload?.length) return null;
  return (
    <div className="rounded-md border bg-popover px-3 py-2 text-xs text-popover-foreground shadow-md">
      {label !== undefined ? <p className="mb-1 font-medium">{labelFormat ? labelFormat(label) : label}</p> : null}
      <ul className="space-y-0.5">
        {payload.map((p, i) => (
          <li key={i} className="flex items-center gap-2">
            <span className="size-2 shrink-0 rounded-full" style={{ background: p.color }} aria-hidden="true" />
            <span className="text-muted-foreground">{p.name}</span>
            <span className="ml-auto pl-3 font-medium tabular-nums">{format(Number(p.value), p)}</span>
          </li>
        ))}
      </ul>
      <p className="mt-1.5 text-[10px] text-muted-foreground">Click to open the list</p>
    </div>
  );
}

/** Colours from the theme (globals.css), so charts follow it. */
export const CHART_COLORS = {
  primary: "var(--primary)",
  critical: "var(--critical)",
  high: "var(--high)",
  medium: "var(--medium)",
  low: "var(--low)",
  info: "var(--neutral)",
  success: "var(--success)",
  muted: "var(--muted-foreground)",
  grid: "var(--border)",
} as const;

/** Distinct, colour-blind-safe-ish line colours for per-team series (Tableau 10). */
export const SERIES_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#8c564b"];

export const fmtInt = (v: number) => Math.round(v).toLocaleString("en-US");
export const fmtPct = (v: number) => `${(v * 100).toFixed(v > 0 && v < 0.01 ? 1 : 0)}%`;
export const fmtDay = (d: string | number) =>
  new Date(`${d}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
