import {startupSnapshot} from 'node:v8';

/*
The standalone binary starts from a V8 snapshot taken after every module has loaded. string-width (used by yargs'
help layout) creates an Intl.Segmenter when it loads, and ICU objects cannot be serialized: while the snapshot is
built, segmenters are created lazily, on their first use at run time.
*/
if (startupSnapshot.isBuildingSnapshot()) {
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
}
