from dwgk.search.segment import html_to_text, index_tokens, normalize, query_tokens


def test_catalog_phrase_is_found_by_its_parts_and_as_a_whole():
    tokens = index_tokens("党务公开目录")
    assert {"党务", "公开", "党务公开", "目录"} <= set(tokens)
    assert query_tokens("党务公开目录") == ["党务公开", "目录"]


def test_search_mode_yields_sub_words_precise_mode_does_not():
    assert index_tokens("发展党员公示") == ["发展", "党员", "发展党员", "公示"]
    assert query_tokens("发展党员公示") == ["发展党员", "公示"]


def test_domain_dictionary_keeps_sanchong_yida_whole():
    assert query_tokens("三重一大事项") == ["三重一大", "事项"]
    assert "三重一大" in index_tokens("关于三重一大事项决策情况的公示")


def test_every_query_word_is_an_index_word_of_the_same_text():
    text = "中共某某县委员会关于2024年度发展党员工作情况和党费收缴使用管理情况的公示"
    assert set(query_tokens(text)) <= set(index_tokens(text))


def test_normalization_full_width_case_punctuation_and_stop_words():
    assert normalize("ＡＢＣ１２３，党务") == "abc123,党务"
    assert len(normalize("ＡＢＣ　Ｘ")) == len("ＡＢＣ　Ｘ")
    tokens = query_tokens("《党费》的 收缴！！ ＡＢＣ")
    assert tokens == ["党费", "收缴", "abc"]


def test_html_to_text_drops_tags_and_scripts():
    assert html_to_text("<p>第一段&amp;</p><script>alert(1)</script><p>第二段</p>") == "第一段&\n第二段"
