// PerceiverTokenizer against every case of fixtures/tokenizer/cases.json.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include "common/error.h"
#include "test_util.h"
#include "tokenizer/tokenizer.h"

using namespace perceiver;
using nlohmann::json;
using Ids = std::vector<int64_t>;

namespace {

const json& cases() {
    static const json j = testutil::readJson(testutil::fixture("tokenizer/cases.json"));
    return j;
}

QString q(const std::string& s) { return QString::fromUtf8(s.data(), static_cast<int>(s.size())); }

}  // namespace

class TestTokenizer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void vocabulary() {
        const json& t = cases()["tokenizer"];
        QCOMPARE(PerceiverTokenizer::kVocabSize, t["len"].get<int64_t>());
        QCOMPARE(PerceiverTokenizer::kByteOffset, t["byte_offset"].get<int64_t>());
        for (const auto& [key, v] : t["special_tokens"].items()) {
            if (v[0].is_null()) continue;  // no UNK
            QCOMPARE(q(PerceiverTokenizer::specialToken(v[1].get<int64_t>())), q(v[0].get<std::string>()));
        }
    }

    void textCase_data() {
        QTest::addColumn<int>("index");
        int i = 0;
        for (const auto& c : cases()["cases"]) QTest::newRow(c["name"].get<std::string>().c_str()) << i++;
    }
    void textCase() {
        QFETCH(int, index);
        const json& c = cases()["cases"][index];
        PerceiverTokenizer tok;
        const std::string text = c["text"].get<std::string>();
        const Ids ids = tok.encode(text);
        QCOMPARE(ids, c["ids"].get<Ids>());
        QCOMPARE(tok.encode(text, false), c["ids_no_special"].get<Ids>());
        QCOMPARE(tok.encodeBatch({text}, {}).attention_mask.front(), c["attention_mask"].get<Ids>());
        QCOMPARE(q(tok.decode(ids)), q(c["decoded"].get<std::string>()));
        QCOMPARE(q(tok.decode(ids, true)), q(c["decoded_skip_special"].get<std::string>()));
        QCOMPARE(q(tok.decode(ids, false, false)), q(c["decoded_no_cleanup"].get<std::string>()));
        QCOMPARE(q(tok.decode(c["ids_no_special"].get<Ids>())), q(c["decoded_no_special"].get<std::string>()));
    }

    void decodeCase_data() {
        QTest::addColumn<int>("index");
        int i = 0;
        for (const auto& c : cases()["decode_cases"]) QTest::newRow(c["name"].get<std::string>().c_str()) << i++;
    }
    void decodeCase() {
        QFETCH(int, index);
        const json& c = cases()["decode_cases"][index];
        PerceiverTokenizer tok;
        QCOMPARE(q(tok.decode(c["ids"].get<Ids>())), q(c["decoded"].get<std::string>()));
        QCOMPARE(q(tok.decode(c["ids"].get<Ids>(), true)), q(c["decoded_skip_special"].get<std::string>()));
    }

    void batchCase_data() {
        QTest::addColumn<int>("index");
        int i = 0;
        for (const auto& c : cases()["batches"]) QTest::newRow(c["name"].get<std::string>().c_str()) << i++;
    }
    void batchCase() {
        QFETCH(int, index);
        const json& c = cases()["batches"][index];
        PerceiverTokenizer::EncodeOptions o;
        const json& call = c["call"];
        const std::string padding = call.value("padding", std::string());
        if (padding == "max_length") o.padding = PerceiverTokenizer::Padding::MaxLength;
        if (padding == "longest") o.padding = PerceiverTokenizer::Padding::Longest;
        if (call.contains("max_length")) o.max_length = call["max_length"].get<size_t>();
        o.truncation = call.value("truncation", false);
        const auto b = PerceiverTokenizer().encodeBatch(c["texts"].get<std::vector<std::string>>(), o);
        QCOMPARE(b.input_ids, c["input_ids"].get<std::vector<Ids>>());
        QCOMPARE(b.attention_mask, c["attention_mask"].get<std::vector<Ids>>());
    }

    // Every maximal invalid subpart becomes one U+FFFD, as Python's errors="replace".
    void utf8Replacement_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("lone continuation") << QByteArray("\x80") << QString(QChar(0xFFFD));
        QTest::newRow("overlong") << QByteArray("\xC0\xAF") << QString(2, QChar(0xFFFD));
        QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80") << QString(3, QChar(0xFFFD));
        QTest::newRow("truncated 4-byte") << QByteArray("\xF0\x9F\x98") << QString(QChar(0xFFFD));
        QTest::newRow("interrupted") << QByteArray("\xE4\xBD" "A") << QString(QChar(0xFFFD)) + "A";
        QTest::newRow("beyond U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << QString(4, QChar(0xFFFD));
        QTest::newRow("valid emoji") << QByteArray("\xF0\x9F\x98\x80") << QString::fromUtf8("\xF0\x9F\x98\x80");
    }
    void utf8Replacement() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        QCOMPARE(q(PerceiverTokenizer::decodeUtf8Lossy(std::string(bytes.constData(), bytes.size()))), expected);
    }

    void rejectsOutOfRangeIds() {
        try {
            PerceiverTokenizer().decode({4, 262});
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::InvalidInput);
            QVERIFY(QString(e.what()).contains("262"));
        }
    }
};

QTEST_GUILESS_MAIN(TestTokenizer)
#include "test_tokenizer.moc"
