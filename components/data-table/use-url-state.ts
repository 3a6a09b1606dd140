"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import {
  createContext,
  createElement,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useTransition,
  type ReactNode,
  type RefObject,
  type TransitionStartFunction,
} from "react";
import { hrefWithParams, type BuildOptions, type ParamUpdates } from "./url-state";

type UrlTransition = {
  isPending: boolean;
  startTransition: TransitionStartFunction;
  /** Query string of the navigation in flight, so a second change made before it lands builds on it. */
  pendingQuery: RefObject<string | null>;
};

const UrlTransitionContext = createContext<UrlTransition | null>(null);

function useOwnTransition(): UrlTransition {
  const [isPending, startTransition] = useTransition();
  const pendingQuery = useRef<string | null>(null);
  return useMemo(() => ({ isPending, startTransition, pendingQuery }), [isPending, startTransition]);
}

/**
 * Shares one navigation transition between everything that writes table state to the URL (filters, the table,
 * its pagination), so the table dims and shows its progress bar while a filter change is loading too.
 * <DataTable> provides one around itself and its `toolbar`; wrap filters that live elsewhere on the page
 * together with the table in <UrlStateProvider> to share it. A nested provider reuses the outer one.
 */
export function UrlStateProvider({ children }: { children: ReactNode }) {
  const outer = useContext(UrlTransitionContext);
  const own = useOwnTransition();
  return createElement(UrlTransitionContext, { value: outer ?? own }, children);
}

export type SetSearchParamsOptions = BuildOptions & {
  /** Replace the history entry instead of pushing one (e.g. while typing in a search box). */
  replace?: boolean;
  /** Let Next scroll to the top after navigating; off by default so the table stays where the user is. */
  scroll?: boolean;
};

/**
 * Reads and writes the current URL's search params inside a transition; other params are kept.
 * Filters: `setSearchParams({ status: "open" }, { resetPage: true })` so a new filter starts on page 1.
 */
export function useUrlState() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const own = useOwnTransition();
  const { isPending, startTransition, pendingQuery } = useContext(UrlTransitionContext) ?? own;

  // Once nothing is in flight the URL is the truth again (this also covers back/forward navigation).
  useEffect(() => {
    if (!isPending) pendingQuery.current = null;
  }, [isPending, searchParams, pendingQuery]);

  const setSearchParams = useCallback(
    (updates: ParamUpdates, { replace = false, scroll = false, ...buildOptions }: SetSearchParamsOptions = {}) => {
      const base = pendingQuery.current ?? searchParams?.toString() ?? "";
      const href = hrefWithParams(pathname, base, updates, buildOptions);
      pendingQuery.current = href.includes("?") ? href.slice(href.indexOf("?") + 1) : "";
      startTransition(() => {
        if (replace) router.replace(href, { scroll });
        else router.push(href, { scroll });
      });
    },
    [router, pathname, searchParams, startTransition, pendingQuery],
  );

  return { searchParams, setSearchParams, isPending };
}

/**
 * A search box bound to one URL param: the text follows the URL (back/forward, links) and is written to it after a
 * pause, replacing history so typing does not add entries; a new search starts on page 1. Takes the filter bar's own
 * useUrlState(), so the search and the other filters share one navigation in flight.
 */
export function useUrlSearch(
  { searchParams, setSearchParams }: Pick<ReturnType<typeof useUrlState>, "searchParams" | "setSearchParams">,
  param = "q",
  delayMs = 300,
): [string, (value: string) => void] {
  const urlValue = searchParams?.get(param) ?? "";
  const [value, setValue] = useState(urlValue);
  useEffect(() => setValue(urlValue), [urlValue]);
  useEffect(() => {
    if (value === urlValue) return;
    const t = setTimeout(() => setSearchParams({ [param]: value || null }, { resetPage: true, replace: true }), delayMs);
    return () => clearTimeout(t);
  }, [value, urlValue, param, delayMs, setSearchParams]);
  return [value, setValue];
}
