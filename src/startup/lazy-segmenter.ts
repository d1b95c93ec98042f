/*
string-width (yargs' help layout) creates Intl.Segmenters when it loads. The first one costs about 11 ms of every
start that loads yargs (ICU loads its break-iterator data: the sidecar, dial, plan, a usage error), yet only --help
ever segments text. So segmenters are created on their first use instead.
*/
const Segmenter = Intl.Segmenter;
class LazySegmenter {
  readonly #args: ConstructorParameters<typeof Intl.Segmenter>;
  #segmenter: Intl.Segmenter | undefined;

  constructor(...args: ConstructorParameters<typeof Intl.Segmenter>) {
    this.#args = args;
  }

  segment(input: string): Intl.Segments {
    this.#segmenter ??= new Segmenter(...this.#args);
    return this.#segmenter.segment(input);
  }

  resolvedOptions(): Intl.ResolvedSegmenterOptions {
    this.#segmenter ??= new Segmenter(...this.#args);
    return this.#segmenter.resolvedOptions();
  }

  static supportedLocalesOf = Segmenter.supportedLocalesOf;
}

Object.defineProperty(Intl, 'Segmenter', {value: LazySegmenter, writable: true, configurable: true});
