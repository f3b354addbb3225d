// The order of a streamed import's steps (runnerup/import_session.hpp).
#include "runnerup/import_session.hpp"

#include "runnerup/options.hpp"
#include "runnerup/pool.hpp"

namespace runnerup {

Status ImportSession::begin(const Pool& pool, std::string_view format, const boost::json::value& options,
                            std::string actor, Instant at, std::string id_base) {
  auto f = import_format_from(format);
  if (!f)
    return Error{ErrorCode::invalid_field, "/format",
                 "unknown import format \"" + std::string(format) + "\" (greenhouse, lever, csv or pool)"};
  auto decoded = decode_import_options(options);
  if (!decoded) return decoded.error();
  proposal_ = std::make_unique<ImportProposal>(pool, *f, std::move(decoded).value(), std::move(actor), at,
                                               std::move(id_base));
  return ok_status();
}

Result<ImportProposal*> ImportSession::feed(std::string_view chunk) {
  if (!proposal_) return Error{ErrorCode::conflict, "", "importFeed() needs an import begun with importBegin()"};
  if (proposal_->finished())
    return Error{ErrorCode::conflict, "",
                 "importFeed() after importFinish(): that import has ended; begin another with importBegin()"};
  (void)proposal_->feed(chunk);  // a malformed document is in the report, not a refused step
  return proposal_.get();
}

Result<ImportProposal*> ImportSession::finish() {
  if (!proposal_) return Error{ErrorCode::conflict, "", "importFinish() needs an import begun with importBegin()"};
  (void)proposal_->finish();
  return proposal_.get();
}

Result<bool> ImportSession::adopt_into(Pool& pool) {
  if (!proposal_ || !proposal_->finished())
    return Error{ErrorCode::conflict, "", "importAdopt() needs an import ended with importFinish()"};
  std::unique_ptr<ImportProposal> spent = std::move(proposal_);
  return std::move(*spent).adopt_into(pool);
}

}  // namespace runnerup
