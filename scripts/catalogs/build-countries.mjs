// Converts the npm package `world-countries` (ODbL-1.0) into the country catalog
// shipped in crates/shared/data/countries.json.
//
// Usage: npm pack world-countries && tar xzf world-countries-*.tgz
//        node scripts/catalogs/build-countries.mjs package/countries.json > crates/shared/data/countries.json
import { readFileSync } from "node:fs";

const source = JSON.parse(readFileSync(process.argv[2], "utf8"));

function callingCode(idd) {
  if (!idd || !idd.root) return "";
  // Countries sharing a root with many area codes (NANP "+1") keep the root only.
  if (idd.suffixes && idd.suffixes.length === 1) return idd.root + idd.suffixes[0];
  return idd.root;
}

const countries = source
  .filter((c) => c.cca3 && c.translations && c.translations.spa)
  .map((c) => ({
    alpha3: c.cca3,
    alpha2: c.cca2,
    name_es: c.translations.spa.common,
    name_en: c.name.common,
    calling_code: callingCode(c.idd),
  }))
  .sort((a, b) => a.name_es.localeCompare(b.name_es, "es"));

process.stdout.write(JSON.stringify(countries, null, 1) + "\n");
